/** `npm start`: the reference audit service with seeded data (and the demo page once it exists). */
import { readConfig } from './config.js';
import { DEMO_KEYS } from './principals.js';
import { buildDemo, mountDemo } from './demo.js';
import { startService } from './service.js';
import { installProcessSafetyNet } from './log.js';

installProcessSafetyNet();
// Stopped while starting (a long first seeding): exit through 'exit', which lets go of the
// store's lock. Once started, the handlers below close the service first. Handlers stay on: a
// second signal (tsx passes a group's SIGTERM on to this process again) must not kill it
// before it has closed.
const early = () => process.exit(130);
process.on('SIGINT', early);
process.on('SIGTERM', early);

try {
  const config = readConfig(process.argv.slice(2), process.env);
  const where =
    config.db.kind === 'postgres'
      ? 'PostgreSQL (DATABASE_URL)'
      : config.db.kind === 'memory'
        ? 'memory'
        : config.db.dataDir;
  console.log(`audit service: storage ${where}`);
  const demo = await buildDemo();
  const service = await startService(config, { mountStatic: (app) => mountDemo(app, demo) });
  console.log(`\nAudit service listening on ${service.url}`);
  console.log(
    `Demo page: ${service.url}/  (viewer ${Math.round(demo.bytes / 1024)} KB minified up front, ${Math.round(demo.totalBytes / 1024)} KB with lazy parts)\n`,
  );
  console.log(
    'Demo API keys (send as Authorization: Bearer <key>, nected-api-key: <key> or auth: <key>):',
  );
  if (config.demoKeys)
    for (const [key, p] of Object.entries(DEMO_KEYS))
      console.log(`  ${key.padEnd(17)} ${p.roles.length ? p.roles.join(', ') : 'no audit access'}`);
  else console.log('  (off: keys come from AUDIT_API_KEYS; AUDIT_DEMO_KEYS=1 turns them on)');
  console.log(
    `\nTry: curl -H 'Authorization: Bearer demo-pii-viewer' "${service.url}/api/v1/audit/events?limit=5"\n`,
  );
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    service.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.off('SIGINT', early);
  process.off('SIGTERM', early);
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (e) {
  console.error(`audit service failed to start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
