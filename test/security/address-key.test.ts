// The key per-address limits count under: IPv4 as is, IPv4-mapped IPv6 as IPv4, other IPv6 by prefix.
import { describe, expect, it } from 'vitest';
import { addressKey } from '../../server/security/rate-limits.js';

describe('addressKey', () => {
  it('keeps IPv4 addresses', () => {
    expect(addressKey('127.0.0.1')).toBe('127.0.0.1');
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
  });

  it('turns IPv4-mapped IPv6 into the IPv4 address', () => {
    expect(addressKey('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(addressKey('::FFFF:203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('::ffff:cb00:7107')).toBe('203.0.113.7');
    expect(addressKey('0:0:0:0:0:ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('keys other IPv6 addresses by their /64', () => {
    expect(addressKey('2001:db8:1:2::1')).toBe('2001:db8:1:2:0:0:0:0/64');
    expect(addressKey('2001:db8:1:2:ffff:eeee:dddd:cccc')).toBe('2001:db8:1:2:0:0:0:0/64');
    expect(addressKey('2001:0DB8:0001:0002:0000:0000:0000:0015')).toBe('2001:db8:1:2:0:0:0:0/64');
    expect(addressKey('2001:db8:1:3::1')).toBe('2001:db8:1:3:0:0:0:0/64');
    // "::" in the prefix part is expanded to the right number of zero groups.
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0:0:0:0:0/64');
    expect(addressKey('2001::5:6:7:8')).toBe('2001:0:0:0:0:0:0:0/64');
    expect(addressKey('2001:db8:aaaa::bbbb:1:2:3')).toBe('2001:db8:aaaa:0:0:0:0:0/64');
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0:0:0:0:0/64');
    expect(addressKey('::1')).toBe('0:0:0:0:0:0:0:0/64');
    expect(addressKey('::')).toBe('0:0:0:0:0:0:0:0/64');
    // An IPv6 address with an embedded IPv4 tail that is not IPv4-mapped (NAT64).
    expect(addressKey('64:ff9b::192.0.2.33')).toBe('64:ff9b:0:0:0:0:0:0/64');
  });

  it('takes other prefix lengths, cutting inside a group', () => {
    expect(addressKey('2001:db8:1:2::1', 48)).toBe('2001:db8:1:0:0:0:0:0/48');
    expect(addressKey('2001:db8:1:2ff::1', 56)).toBe('2001:db8:1:200:0:0:0:0/56');
    expect(addressKey('2001:db8:1:2::1', 128)).toBe('2001:db8:1:2:0:0:0:1/128');
  });

  it('leaves what is not an IP address alone', () => {
    expect(addressKey('unknown')).toBe('unknown');
  });
});
