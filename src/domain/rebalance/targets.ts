import { type FieldError, validationFailed } from '../errors.ts';
import type { Holding, RebalanceRequest, Target, UnfilledTarget } from './types.ts';

/** The group of positions whose attribute is not set (targets by dimension). */
export const UNCLASSIFIED = 'UNCLASSIFIED';

/** Room for float64 sums of decimal weights (0.1 + 0.2 + 0.7). */
const WEIGHT_EPSILON = 1e-9;

/** One non-cash security of the rebalance: held, or named by a target. */
export interface SecurityPlan {
  security_id: string;
  group: string;
  quantity: number;
  market_value: number;
  price: number;
  lot_size: number;
  /** null: an unlisted position that is held as it is. */
  target_weight: number | null;
  /** Whether its drift (or its group's) is beyond the tolerance: only then is it traded. */
  active: boolean;
}

export interface GroupPlan {
  key: string;
  target_weight: number | null;
  weight: number;
  within_tolerance: boolean;
}

export interface Plan {
  securities: SecurityPlan[];
  groups: GroupPlan[];
  unfilled: UnfilledTarget[];
}

const targetError = (index: number, field: string, message: string): FieldError => ({
  index,
  field: `targets.${field}`,
  message,
});

/** Refuses what no rebalance can honour, naming each target at fault. */
function checkTargets(request: RebalanceRequest, cash: ReadonlySet<string>): void {
  const errors: FieldError[] = [];
  const seen = new Map<string, number>();
  request.targets.forEach((t, i) => {
    const first = seen.get(t.key);
    if (first !== undefined) errors.push(targetError(i, 'key', `duplicates target ${first} (${t.key})`));
    seen.set(t.key, i);
    if (request.by === 'security' && cash.has(t.key)) {
      errors.push(targetError(i, 'key', `${t.key} is cash: cash is what the trades leave; set cash_buffer`));
    }
    if (request.by !== 'security' && (t.price !== undefined || t.lot_size !== undefined)) {
      errors.push(
        targetError(i, t.price !== undefined ? 'price' : 'lot_size', 'applies to targets by security only'),
      );
    }
  });
  const total = request.targets.reduce((s, t) => s + t.weight, 0);
  if (total + request.cash_buffer > 1 + WEIGHT_EPSILON) {
    errors.push({
      index: 0,
      field: 'targets',
      message: `the target weights (${total}) and the cash buffer (${request.cash_buffer}) add up to more than 1`,
    });
  }
  if (errors.length > 0) throw validationFailed('invalid rebalance targets', errors);
}

const groupOf = (h: Holding, request: RebalanceRequest): string =>
  request.by === 'security' ? h.security_id : (h.attributes[request.by] ?? UNCLASSIFIED);

const withinTolerance = (weight: number, target: number | null, tolerance: number) =>
  target === null || Math.abs(weight - target) <= tolerance + WEIGHT_EPSILON;

/** A member's share of its group's target: by value, or equal shares in a group worth nothing. */
function shareOf(target: number | null, value: number, groupValue: number, members: number): number | null {
  if (target === null) return null;
  return groupValue === 0 ? target / members : (target * value) / groupValue;
}

/**
 * Each security's target weight. By security: as given. By dimension: the group's target spread over its
 * positions in proportion to their market values (the group keeps its mix). What no target names is held or
 * sold (target 0) as `unlisted` says. A security (or group) within tolerance of its target is not traded.
 */
export function planTargets(holdings: readonly Holding[], request: RebalanceRequest, total: number): Plan {
  checkTargets(request, new Set(holdings.filter((h) => h.is_cash).map((h) => h.security_id)));
  const invested = holdings.filter((h) => !h.is_cash);
  const targets = new Map<string, Target>(request.targets.map((t) => [t.key, t]));
  const unlistedTarget = request.unlisted === 'sell' ? 0 : null;

  const members = new Map<string, Holding[]>();
  for (const h of invested) {
    const key = groupOf(h, request);
    members.set(key, [...(members.get(key) ?? []), h]);
  }
  const groups: GroupPlan[] = [];
  const unfilled: UnfilledTarget[] = [];
  const securities: SecurityPlan[] = [];
  const errors: FieldError[] = [];

  for (const key of new Set([...members.keys(), ...targets.keys()])) {
    const held = members.get(key) ?? [];
    const target = targets.get(key);
    const targetWeight = target ? target.weight : unlistedTarget;
    const value = held.reduce((s, h) => s + h.market_value, 0);
    const weight = value / total;
    const calm = withinTolerance(weight, targetWeight, request.tolerance);
    if (request.by !== 'security') {
      groups.push({ key, target_weight: targetWeight, weight, within_tolerance: calm });
      if (held.length === 0 && targetWeight !== null && targetWeight > 0) {
        unfilled.push({
          key,
          target_weight: targetWeight,
          reason: `no position with ${request.by} ${key} to scale up; set targets by security to buy new ones`,
        });
      }
    }
    for (const h of held) {
      securities.push({
        security_id: h.security_id,
        group: key,
        quantity: h.quantity,
        market_value: h.market_value,
        price: h.market_value / h.quantity,
        lot_size: target?.lot_size ?? request.lot_size,
        target_weight: shareOf(targetWeight, h.market_value, value, held.length),
        active: !calm,
      });
    }
    if (request.by === 'security' && held.length === 0 && target) {
      const index = request.targets.indexOf(target);
      if (target.price === undefined) {
        errors.push(
          targetError(index, 'price', `${key} is not held on the date: give its price (base currency)`),
        );
        continue;
      }
      securities.push({
        security_id: key,
        group: key,
        quantity: 0,
        market_value: 0,
        price: target.price,
        lot_size: target.lot_size ?? request.lot_size,
        target_weight: target.weight,
        active: !calm,
      });
    }
  }
  if (errors.length > 0) throw validationFailed('invalid rebalance targets', errors);
  return { securities, groups, unfilled };
}
