'use strict';
// Drives the Genesys Cloud emulator with the official Genesys JavaScript SDK, as a gateway developer would drive
// Genesys. Run by SdkContractTests: node sdk-contract.js <emulator base URL> <client id> <client secret> <rate limit>.
// Prints one JSON report on stdout; any unexpected failure exits 1 with the SDK's error on stderr.
const platformClient = require('purecloud-platform-client-v2');
const sdkPackage = require('purecloud-platform-client-v2/package.json');

const [baseUrl, clientId, clientSecret, limitText] = process.argv.slice(2);
const limit = Number(limitText);
const url = new URL(baseUrl);

const client = platformClient.ApiClient.instance;
client.setEnvironment(platformClient.PureCloudRegionHosts.eu_west_1);
client.setGateway({ host: url.hostname, protocol: 'http', port: Number(url.port) });
client.setReturnExtendedResponses(true);
const contacts = new platformClient.ExternalContactsApi();

const window = (response) => ({
  count: Number(response.headers['inin-ratelimit-count']),
  allowed: Number(response.headers['inin-ratelimit-allowed']),
  reset: Number(response.headers['inin-ratelimit-reset']),
});

const enrichRequest = (cookie, contact) => ({
  matchingIdentifiers: [{ type: 'Cookie', value: cookie }],
  action: 'Upsert',
  contact,
  fieldRules: { defaultAction: 'PreferProvided' },
});

async function main() {
  const report = { sdkVersion: sdkPackage.version };

  const auth = await client.loginClientCredentialsGrant(clientId, clientSecret);
  report.login = { hasToken: typeof auth.accessToken === 'string' && auth.accessToken.length > 0 };

  const created = await contacts.postExternalcontactsContactsEnrich(enrichRequest('sdk-cookie-1', { firstName: 'Ada', customFields: { nameEnc: 'jwe-of-ada' } }));
  const id = created.body.id;
  const updated = await contacts.postExternalcontactsContactsEnrich(enrichRequest('sdk-cookie-1', { lastName: 'Lovelace' }));
  report.enrich = { createdStatus: created.status, updatedStatus: updated.status, sameContact: updated.body.id === id, window: window(created) };

  const got = await contacts.getExternalcontactsContact(id, { expand: ['externalOrganization'] });
  report.get = { status: got.status, firstName: got.body.firstName, lastName: got.body.lastName, nameEnc: got.body.customFields.nameEnc, selfUri: got.body.selfUri };

  const patched = await contacts.patchExternalcontactsContact(id, { changes: [{ field: '$.title', value: 'Dr', action: 'Update' }] });
  report.patch = { status: patched.status, title: patched.body.title, modifyDate: patched.body.modifyDate };

  const bulk = await contacts.postExternalcontactsBulkContactsEnrich({
    entities: [enrichRequest('sdk-cookie-2', { firstName: 'Grace' }), enrichRequest('sdk-cookie-3', { workEmail: 'not-an-email' })],
  });
  report.bulk = { status: bulk.status, errorCount: bulk.body.errorCount, errorIndexes: bulk.body.errorIndexes, successes: bulk.body.results.map((r) => r.success) };

  const found = await contacts.postExternalcontactsIdentifierlookupContacts({ type: 'Cookie', value: 'sdk-cookie-1' });
  report.lookup = { status: found.status, sameContact: found.body.id === id };

  let limited = null;
  for (let i = 0; i <= limit && limited === null; i++) {
    try {
      await contacts.getExternalcontactsContact(id);
    } catch (error) {
      if (error.status !== 429) throw error;
      limited = error;
    }
  }

  report.tooManyRequests = limited && {
    status: limited.status,
    code: limited.body.code,
    retryAfter: Number(limited.headers['retry-after']),
    window: window(limited),
  };
  process.stdout.write(JSON.stringify(report) + '\n');
}

main().catch((error) => {
  const detail = error && error.status ? { status: error.status, body: error.body } : String(error && (error.stack || error.message || error));
  process.stderr.write('SDK run failed: ' + JSON.stringify(detail) + '\n');
  process.exit(1);
});
