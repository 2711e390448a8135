import { from, of, mergeAll, mergeMap, last, Observable } from 'rxjs';
import { asCompleted } from '../dist/cjs/index.js';
const N = 100_000;
const inputs = Array.from({ length: N }, (_, i) => of(i));
function run(op: (s: Observable<Observable<number>>) => Observable<number>) {
  let c = 0; op(from(inputs)).subscribe(() => c++); if (c !== N) throw new Error('bad');
}
const contenders: Record<string, (s: Observable<Observable<number>>) => Observable<number>> = {
  asCompleted: (s) => s.pipe(asCompleted()),
  asCompletedDeadline: (s) => s.pipe(asCompleted(60000)),
  mergeAll: (s) => s.pipe(mergeAll()),
  mergeMapLast: (s) => s.pipe(mergeMap((x) => from(x).pipe(last()))),
};
const times: Record<string, number[]> = {};
for (let round = 0; round < 15; round++) for (const [k, f] of Object.entries(contenders)) {
  const t = process.hrtime.bigint(); run(f); (times[k] ??= []).push(Number(process.hrtime.bigint() - t) / 1e6);
}
const med = (a: number[]) => a.sort((x, y) => x - y)[a.length >> 1];
const base = med(times.mergeAll);
for (const [k, v] of Object.entries(times)) console.log(k.padEnd(22), med(v).toFixed(2), 'ms', (med(v) / base).toFixed(2));
