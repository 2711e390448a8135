import { pipe } from 'rxjs/pipe';
import { asCompleted } from 'rxjs-as-completed/rxjs9';

inputs$[pipe](asCompleted({ timeout: 5000, concurrent: 4 }));
