import { describe, expect, test } from 'vitest';
import { randomSerialHex } from './issue';

describe('randomSerialHex', () => {
  const serials = Array.from({ length: 20_000 }, () => randomSerialHex());

  test('is a positive INTEGER in its shortest DER form, below 2^63', () => {
    for (const hex of serials) {
      expect(hex).toMatch(/^([0-9a-f]{2}){1,8}$/);
      const first = parseInt(hex.slice(0, 2), 16);
      expect(first, hex).toBeLessThan(0x80);
      // A leading zero byte is only there to keep a high second byte positive.
      if (hex.length > 2 && first === 0 && parseInt(hex.slice(2, 4), 16) < 0x80)
        throw new Error(`${hex} has a redundant leading zero byte`);
      const value = BigInt(`0x${hex}`);
      expect(value > 0n && value < 2n ** 63n, hex).toBe(true);
    }
  });

  test('draws every one of its 63 bits: each is seen both set and clear', () => {
    const values = serials.map((hex) => BigInt(`0x${hex}`));
    for (let bit = 0n; bit < 63n; bit++) {
      const set = values.filter((v) => (v >> bit) & 1n).length;
      // With 20,000 draws a fair bit lands far inside these bounds; a fixed or biased bit does not.
      expect(set, `bit ${bit}`).toBeGreaterThan(9_000);
      expect(set, `bit ${bit}`).toBeLessThan(11_000);
    }
  });
});
