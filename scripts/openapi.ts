// `npm run openapi`: writes the served OpenAPI document to openapi.json, the file test/api/openapi-committed
// checks the server against. Run it after any change to a route or schema and commit the result.
import fs from 'node:fs';
import path from 'node:path';
import { migrate } from '../src/store/migrate.ts';
import { openPglite } from '../src/store/pglite.ts';
import { OPENAPI_PATH, openApiText, servedOpenApi } from './openapi-document.ts';

const db = await openPglite(undefined);
await migrate(db);
const file = path.join(import.meta.dirname, '..', OPENAPI_PATH);
fs.writeFileSync(file, openApiText(await servedOpenApi(db)));
console.log(`wrote ${path.relative(process.cwd(), file) || OPENAPI_PATH}`);
