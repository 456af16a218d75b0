// One validation through the Node.js binding's own transport, node:http / node:https on the event loop
// (bindings/node/lib/transport.cjs; see transports/node-fetch, named for the fetch it once used, and README.md):
// node node_fetch_transport.mjs INTERFACE CONFIG_FILE TOKEN USER_INFORMATION PHONE
import { readFileSync } from 'node:fs';

import { Client } from '../../bindings/node/index.mjs';

const [iface, configFile, token, userInformation, phone] = process.argv.slice(2);
const client = new Client(readFileSync(configFile, 'utf8'));
const calls = {
  onekey: () => client.onekeyValidate({ token, userInformation }),
  number_verify: () => client.numberVerify({ token, userInformation, phone }),
  app_login: () => client.appLoginValidate({ token }),
  app_number: () => client.appNumberVerify({ token, phone }),
};
if (!calls[iface]) {
  console.error(`unknown interface ${iface}`);
  process.exit(2);
}
try {
  console.log(JSON.stringify(await calls[iface]()));
} catch (e) {
  console.error(e.message);
  process.exitCode = 1;
} finally {
  client.close();
}
