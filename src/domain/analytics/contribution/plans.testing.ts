import fc from 'fast-check';
import type { SimAction, SimDay } from './testing.ts';

/**
 * Random valid plans for the simulator: two securities and cash over up to 40 days, with idle days before
 * the first deposit, deposits, buys within the cash at hand, sales within the holding, dividends, fees and
 * taxes charged on a security, fees on cash and withdrawals within the cash left, and prices moving up to
 * ±5 % a day. For property tests.
 */
type Intent = { kind: SimAction['kind']; frac: number; security: 'A' | 'B' };

const intentArb: fc.Arbitrary<Intent> = fc.record({
  kind: fc.constantFrom<SimAction['kind']>(
    'DEPOSIT',
    'BUY',
    'BUY',
    'SELL',
    'DIVIDEND',
    'WITHDRAWAL',
    'FEE',
    'SECURITY_FEE',
    'SECURITY_TAX',
  ),
  frac: fc.double({ min: 0.05, max: 1, noNaN: true }),
  security: fc.constantFrom<'A' | 'B'>('A', 'B'),
});

const dayArb = fc.record({
  moves: fc.tuple(fc.integer({ min: -50, max: 50 }), fc.integer({ min: -50, max: 50 })),
  intents: fc.array(intentArb, { maxLength: 3 }),
});

export const planArb: fc.Arbitrary<SimDay[]> = fc
  .record({ idle: fc.integer({ min: 0, max: 2 }), days: fc.array(dayArb, { minLength: 1, maxLength: 40 }) })
  .map(({ idle, days }) => {
    const price = { A: 100, B: 50 };
    const held = { A: 0, B: 0 };
    let cash = 0;
    const plan: SimDay[] = [];
    for (let i = 0; i < idle; i++) plan.push({ prices: {}, actions: [] });
    days.forEach((day, d) => {
      price.A = Math.round(price.A * (1 + day.moves[0] / 1000) * 100) / 100;
      price.B = Math.round(price.B * (1 + day.moves[1] / 1000) * 100) / 100;
      const actions: SimAction[] = d === 0 ? [{ kind: 'DEPOSIT', amount: 10_000 }] : [];
      let atHand = cash + (d === 0 ? 10_000 : 0);
      let received = 0;
      const late: SimAction[] = [];
      for (const { kind, frac, security } of day.intents) {
        if (kind === 'DEPOSIT') {
          const amount = Math.round(frac * 5000) + 1;
          actions.push({ kind, amount });
          atHand += amount;
        } else if (kind === 'BUY') {
          const fee = frac > 0.5 ? 1 : 0;
          const quantity = Math.floor((frac * atHand - fee) / price[security]);
          if (quantity < 1) continue;
          actions.push({ kind, security, quantity, fee });
          atHand -= quantity * price[security] + fee;
          held[security] += quantity;
        } else if (kind === 'SELL') {
          const quantity = Math.floor(frac * held[security]);
          if (quantity < 1) continue;
          actions.push({ kind, security, quantity });
          received += quantity * price[security];
          held[security] -= quantity;
        } else if (kind === 'SECURITY_FEE' || kind === 'SECURITY_TAX') {
          // Paid from the cash at hand, charged on a security held.
          const amount = Math.min(Math.round(frac * 20 * 100) / 100, atHand);
          if (held[security] === 0 || amount <= 0) continue;
          actions.push({ kind, security, amount });
          atHand -= amount;
        } else if (kind === 'DIVIDEND') {
          if (held[security] === 0) continue;
          const amount = Math.round(frac * held[security] * 100) / 100;
          actions.push({ kind, security, amount });
          received += amount;
        } else {
          late.push({ kind, amount: Math.floor(frac * 0.3 * 100) / 100 } as SimAction);
        }
      }
      let left = atHand + received;
      for (const a of late) {
        if (a.kind !== 'WITHDRAWAL' && a.kind !== 'FEE') continue;
        const amount = a.kind === 'FEE' ? Math.min(a.amount * 10, left) : Math.floor(a.amount * left);
        if (amount <= 0) continue;
        actions.push({ kind: a.kind, amount });
        left -= amount;
      }
      cash = left;
      plan.push({ prices: { ...price }, actions });
    });
    return plan;
  });
