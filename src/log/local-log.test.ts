import { logContract } from '../../test/support/log-contract.ts';
import { createLocalLog } from './local-log.ts';

logContract('local log', async (db) => createLocalLog(db));
