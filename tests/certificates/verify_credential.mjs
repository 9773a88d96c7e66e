// Verifies credentials with Digital Bazaar's verifier (@digitalbazaar/vc with the
// eddsa-jcs-2022 cryptosuite), an implementation the school did not write.
//
// Reads JSON from stdin: {"issuer": <what /certificates/issuer/ returns>, "now": <ISO
// date-time the validity dates are checked against>, "credentials": [<credential>, ...]}
// and writes one line of JSON: [{"verified": true|false, "error": "..."}, ...], in order.
//
// Nothing is fetched from the network: JSON-LD contexts come from the files in
// ./published (see its README), the issuer's key from the issuer document given on stdin.
import {readFileSync} from 'node:fs';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {createVerifyCryptosuite} from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';

const published = name =>
  JSON.parse(readFileSync(new URL(`./published/${name}`, import.meta.url), 'utf8'));

const CONTEXTS = new Map([
  ['https://www.w3.org/ns/credentials/v2', published('credentials-v2.jsonld')],
  ['https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
    published('ob-context-3.0.3.json')],
  ['https://www.w3.org/ns/cid/v1', published('cid-v1.jsonld')],
]);

// Digital Bazaar's Ed25519 library takes a key expressed on its own only under the Multikey
// context; the CID context our issuer document uses defines Multikey the same way.
const MULTIKEY_CONTEXT = 'https://w3id.org/security/multikey/v1';

// Dereferences a verification method as Controlled Identifiers v1.0 describes (Retrieve
// Verification Method): the document at the URL without its fragment, the method in it
// whose id is the whole URL, and that document as the method's controller. The verifier
// then checks that the document lists the method under assertionMethod and is the
// credential's issuer.
function offlineLoader(issuer) {
  const documents = new Map(CONTEXTS).set(issuer.id, issuer);
  return async url => {
    const [base, fragment] = url.split('#');
    if(fragment !== undefined && base === issuer.id) {
      const method = (issuer.verificationMethod || []).find(each => each.id === url);
      if(method && method.controller === issuer.id) {
        const document = {'@context': MULTIKEY_CONTEXT, ...method};
        return {contextUrl: null, documentUrl: url, document};
      }
    } else if(documents.has(url)) {
      return {contextUrl: null, documentUrl: url, document: documents.get(url)};
    }
    throw new Error(`Offline: no document for ${url}`);
  };
}

const input = JSON.parse(readFileSync(0, 'utf8'));
const documentLoader = offlineLoader(input.issuer);
const results = [];
for(const credential of input.credentials) {
  const suite = new DataIntegrityProof({cryptosuite: createVerifyCryptosuite()});
  const result = await vc.verifyCredential({
    credential, suite, documentLoader, now: input.now,
  });
  const errors = [result.error, ...(result.results || []).map(each => each.error)]
    .filter(Boolean)
    .flatMap(error => error.errors || [error])
    .map(error => error.message || String(error));
  results.push({verified: result.verified === true, error: errors.join('; ')});
}
process.stdout.write(JSON.stringify(results) + '\n');
