import { isIP } from 'node:net';
import { ValidateBy, ValidationOptions } from 'class-validator';

/** The names Express's `trust proxy` (proxy-addr) knows for address ranges. */
const NAMED_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

/** The entries of a TRUSTED_PROXIES value: comma separated, blanks around them ignored; '' is none. */
export function trustedProxyEntries(value: string): string[] {
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

/** One entry: an IPv4 or IPv6 address, optionally with a prefix length (CIDR), or a named range. */
function isProxyEntry(entry: string): boolean {
  if (NAMED_RANGES.includes(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

/**
 * A comma list of proxy addresses in Express's `trust proxy` syntax (addresses, CIDR ranges,
 * `loopback`, `linklocal`, `uniquelocal`); empty is allowed (trust none). Refused here rather
 * than by Express at boot, so the message names the variable and never the value.
 */
export function IsTrustedProxyList(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isTrustedProxyList',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && trustedProxyEntries(value).every(isProxyEntry),
        defaultMessage: () => 'TRUSTED_PROXIES must be a comma list of IP addresses, CIDR ranges (10.0.0.0/8) or loopback, linklocal, uniquelocal',
      },
    },
    options,
  );
}
