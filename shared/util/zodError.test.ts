import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { formatPath, formatZodError } from './zodError';

const errorOf = (schema: z.ZodType, value: unknown) => {
  const r = schema.safeParse(value);
  if (r.success) throw new Error('expected a validation error');
  return r.error;
};

describe('the zod error formatter', () => {
  it('writes paths like code', () => {
    expect(formatPath(['features', 3, 'geometry', 'coordinates', 0])).toBe('features[3].geometry.coordinates[0]');
    expect(formatPath([])).toBe('(top level)');
    expect(formatPath([], 'request')).toBe('request');
  });

  it('names the field and what is wrong with it', () => {
    const error = errorOf(z.object({ serverUrl: z.url() }), { serverUrl: 'not a url' });
    expect(formatZodError(error)).toBe('serverUrl: Invalid URL');
  });

  it('lists the first issues and counts the rest', () => {
    const error = errorOf(z.array(z.number()), ['a', 'b', 'c']);
    expect(formatZodError(error, { max: 2 })).toBe(
      '[0]: Invalid input: expected number, received string; [1]: Invalid input: expected number, received string; and 1 more problem',
    );
    expect(formatZodError(errorOf(z.array(z.number()), ['a', 'b', 'c', 'd']), { max: 1 })).toMatch(/; and 3 more problems$/);
  });

  it('calls the whole input by the name the caller gives, or prints the message alone', () => {
    const error = errorOf(z.object({ a: z.string() }), 42);
    expect(formatZodError(error, { root: 'request' })).toBe('request: Invalid input: expected object, received number');
    expect(formatZodError(error, { root: '' })).toBe('Invalid input: expected object, received number');
  });
});
