// Writes the F5 profile's user settings (.vscode/launch.json): the extension talks to the Hiver
// simulator that the "simulator" task starts on 127.0.0.1:4010. User settings, because a
// folder's settings cannot change where the key goes (README, Security).
import fs from 'node:fs';
import path from 'node:path';

const root = path.join(import.meta.dirname, '..', '.vscode-test', 'f5');
fs.mkdirSync(path.join(root, 'user-data', 'User'), { recursive: true });
fs.mkdirSync(path.join(root, 'workspace'), { recursive: true });
const settings = {
  'hiver.apiBaseUrl': 'http://127.0.0.1:4010/v1',
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
};
fs.writeFileSync(path.join(root, 'user-data', 'User', 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);
console.log(`F5 profile ready in ${root}`);
