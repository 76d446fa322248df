import { FrameworkRefusedError } from '@tessera/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FrameworkDriver, subscribeUntilAccepted } from '../src/index.js';

describe('subscribeUntilAccepted', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it.each([
    ['one master', '127.0.0.1:5050', '127.0.0.1:5050'],
    ['a list as one string', 'a:5050,b:5050', 'a:5050,b:5050'],
    ['a list', ['a:5050', 'b:5050'], 'a:5050,b:5050'],
  ] as const)('tries again while no master accepts, naming %s in its warning', async (_, master, named) => {
    vi.useFakeTimers();
    const start = vi
      .fn<() => Promise<string>>()
      .mockRejectedValueOnce(new Error('unreachable'))
      .mockResolvedValue('fw-1');
    const warnings: { details: object; message: string }[] = [];
    const logger = { warn: (details: object, message: string) => warnings.push({ details, message }) };
    const subscribed = subscribeUntilAccepted({ start }, { master, logger, stopped: () => false });
    await vi.advanceTimersByTimeAsync(250); // the first retry's delay
    expect(await subscribed).toBe('fw-1');
    expect(start).toHaveBeenCalledTimes(2);
    expect(warnings).toEqual([
      {
        details: expect.objectContaining({ master: named, retryInMs: 250 }),
        message: `cannot subscribe to the master at ${named} — is it running? trying again`,
      },
    ]);
  });

  it('rethrows a refusal at once', async () => {
    const refusal = new FrameworkRefusedError('removed', 9, 'FrameworkRemovedError');
    const start = vi.fn<() => Promise<string>>().mockRejectedValue(refusal);
    const logger = { warn: vi.fn() };
    await expect(subscribeUntilAccepted({ start }, { master: 'a:1,b:2', logger, stopped: () => false })).rejects.toBe(
      refusal,
    );
    expect(logger.warn).not.toHaveBeenCalled();
  });
});

describe('FrameworkDriver.create', () => {
  it.each([['a:5050,b:5050'], [['a:5050', 'b:5050']]])('hands the masters %j to its session', (masters) => {
    const driver = FrameworkDriver.create(masters, { name: 'unit', roles: ['web'] });
    try {
      expect(driver.session.masters).toEqual(['a:5050', 'b:5050']);
      expect(driver.session.address).toBe('a:5050');
    } finally {
      driver.close();
    }
  });
});
