import { forkAsCompleted, type AsCompletedInput } from 'rxjs-as-completed/rxjs9';

const inputs: AsCompletedInput<number>[] = [Observable.from([1]), Promise.resolve(2), async () => 3];
forkAsCompleted(inputs).subscribe((value) => console.log(value));
