import { pipe } from 'rxjs/pipe';
import { asCompleted, type AsCompletedOptions } from 'rxjs-as-completed/rxjs9';

const options: AsCompletedOptions = { timeout: new Date(Date.now() + 5000), concurrent: 8 };
inputs$[pipe](asCompleted(options));
