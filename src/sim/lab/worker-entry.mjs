// Worker bootstrap: register tsx's loader in this thread, then load the
// TypeScript worker. `--import tsx` in a worker's execArgv does not apply to workers on Node 20.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
