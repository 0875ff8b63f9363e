"""Provenance of test/fixtures/quantstats-0.0.86.json: values computed by quantstats 0.0.86 itself.

Not run in CI. To regenerate (outside the repo's environment):
    python3 -m venv /tmp/qs && /tmp/qs/bin/pip install quantstats==0.0.86
    /tmp/qs/bin/python scripts/quantstats-fixture.py > test/fixtures/quantstats-0.0.86.json
"""
import json

import pandas as pd
import quantstats as qs

# Daily returns on weekdays (a business-day calendar), as the risk endpoint takes them.
SERIES = {
    # A drawdown in the middle that recovers, then a shallower one still open at the end.
    "recovered": [0.01, 0.02, -0.03, -0.01, 0.015, 0.02, 0.01, -0.005, 0.002, -0.001],
    # The deepest drawdown starts at inception (a first-day loss), recovers, and a later one follows.
    "from_inception": [-0.04, 0.01, 0.02, 0.015, -0.01, 0.005, 0.002, 0.01, -0.003, 0.004],
    # A peak, then a fall never recovered by the last date.
    "never_recovered": [0.02, 0.01, 0.03, -0.02, -0.01, 0.005, -0.015, 0.01, -0.002, 0.001],
    # The only drawdown starts at inception and never recovers: quantstats 0.0.86 lists no episode at all
    # (drawdown_details finds no start when the series begins under water and has no later one).
    "inception_only": [-0.04, 0.01, -0.02, 0.015, 0.01],
}

# A longer series for VaR and CVaR: deterministic, a few fat losses.
TAIL = [
    0.004, -0.012, 0.007, 0.001, -0.021, 0.013, 0.002, -0.004, 0.009, -0.033,
    0.011, 0.005, -0.008, 0.003, 0.016, -0.002, -0.015, 0.006, 0.010, -0.001,
    0.008, -0.027, 0.012, 0.004, -0.006, 0.002, 0.014, -0.011, 0.001, 0.007,
]


def weekdays(n):
    return pd.bdate_range("2024-01-08", periods=n)


out = {"quantstats_version": qs.__version__, "drawdowns": {}, "var_es": {}}
for name, values in SERIES.items():
    r = pd.Series(values, index=weekdays(len(values)))
    dd = qs.stats.to_drawdown_series(r)
    details = qs.stats.drawdown_details(dd)
    out["drawdowns"][name] = {
        "dates": [d.strftime("%Y-%m-%d") for d in r.index],
        "returns": values,
        "drawdown_series": [float(x) for x in dd.values],
        "max_drawdown": float(qs.stats.max_drawdown(r)),
        "details": [
            {
                "start": row["start"],
                "valley": row["valley"],
                "end": row["end"],
                "days": int(row["days"]),
                "max_drawdown": float(row["max drawdown"]) / 100,
            }
            for _, row in details.iterrows()
        ],
    }

t = pd.Series(TAIL, index=weekdays(len(TAIL)))
for confidence in (0.95, 0.99):
    out["var_es"][str(confidence)] = {
        "value_at_risk": float(qs.stats.value_at_risk(t, confidence=confidence)),
        "cvar_parametric": float(qs.stats.cvar(t, confidence=confidence)),
        "cvar_historical": float(qs.stats.cvar(t, confidence=confidence, method="historical")),
    }
out["var_es"]["returns"] = TAIL
print(json.dumps(out, indent=2))
