import ipaddr from 'ipaddr.js';

/*
 * Where webhooks may go (OWASP SSRF prevention: allow-list schemes, resolve and check every
 * address, connect to the checked address, follow no redirects). `public`, Azure's: https to
 * public unicast addresses only. `localStack`: also http, and only then to loopback.
 */
export type UrlPolicy = 'public' | 'localStack';

/**
 * Public, but the platform's own: Azure's WireServer / DNS (168.63.129.16) answers every VM and
 * app. The metadata endpoints (169.254.169.254, fd00:ec2::254, 100.100.100.200) are link-local,
 * unique-local and carrier-grade NAT, refused by range already.
 */
const platformAddresses = new Set(['168.63.129.16']);

/** Why an address is refused, or undefined when a webhook may connect to it. */
export function refusedAddress(address: string, policy: UrlPolicy): string | undefined {
  if (!ipaddr.isValid(address)) return `${address} is not an IP address`;
  // process(): an IPv4-mapped IPv6 address (::ffff:10.0.0.1) is judged as the IPv4 address it is.
  const parsed = ipaddr.process(address);
  const range = parsed.range();
  if (platformAddresses.has(parsed.toString())) return `${address} is an Azure platform address`;
  if (range === 'unicast') return undefined;
  if (range === 'loopback' && policy === 'localStack') return undefined;
  return `${address} is a ${range} address`;
}

const maxUrlLength = 2048;

/**
 * Checks a notification URL before it is stored: absolute, https (http only in the local stack),
 * no credentials in it, and an IP literal host must be an allowed address. Host names are
 * resolved and checked before every delivery (webhookSender.ts). Returns why not, or undefined.
 */
export function refusedUrl(raw: string, policy: UrlPolicy): string | undefined {
  if (raw.length > maxUrlLength) return `must be at most ${maxUrlLength} characters`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute URL';
  }
  const schemes = policy === 'localStack' ? ['https:', 'http:'] : ['https:'];
  if (!schemes.includes(url.protocol)) return policy === 'localStack' ? 'must be https, or http to a loopback address' : 'must be https';
  if (url.username !== '' || url.password !== '') return 'must not carry a user name or password';
  if (url.hash !== '') return 'must not have a fragment';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (ipaddr.isValid(host)) {
    const refused = refusedAddress(host, policy);
    if (refused) return refused;
    if (url.protocol === 'http:' && ipaddr.process(host).range() !== 'loopback') return 'http is only allowed to a loopback address';
  }
  return undefined;
}
