/**
 * Invariants of the matcher over random offers and requests:
 * - a match takes exactly what was asked (by kind), only from the offer, never
 *   mixing revocable and regular resources of one kind, and taken + remaining is
 *   the offer;
 * - an Insufficient* reason is given exactly when neither the regular nor (if
 *   allowed) the revocable resources the task may use hold enough;
 * - packing never hands out more than the offer: the launches and what remains
 *   add up to the offer, and ports are never given twice.
 */
import { addResources, containsResources, equalResources, rangesSize, scalarOf, type Resource } from '@tessera/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchOffer, packCopies, packOffer, type OfferView, type TaskRequest } from '../src/index.js';

const ROLE = 'eng';

const scalar = (name: string, amount: number, extra: Partial<Resource> = {}): Resource =>
  ({ name, type: 'scalar', scalar: amount, ...extra }) as Resource;

const reservedTo = (role: string) => ({ reservation: { type: 'static' as const, role } });

/** Tenths and whole numbers, so that sums are exact at three decimals. */
const amount = (max: number) => fc.integer({ min: 0, max: max * 10 }).map((n) => n / 10);

const offers: fc.Arbitrary<OfferView> = fc
  .record({
    cpus: amount(4),
    memMb: fc.integer({ min: 0, max: 4096 }),
    reservedCpus: amount(2),
    otherRoleCpus: amount(2),
    lentCpus: amount(2),
    disk: fc.integer({ min: 0, max: 100 }),
    gpus: fc.integer({ min: 0, max: 1 }),
    ports: fc.option(
      fc.record({ begin: fc.integer({ min: 31000, max: 31010 }), size: fc.integer({ min: 1, max: 8 }) }),
    ),
    reservedPort: fc.boolean(),
  })
  .map(({ cpus, memMb, reservedCpus, otherRoleCpus, lentCpus, disk, gpus, ports, reservedPort }) => {
    const resources: Resource[] = [
      scalar('cpus', cpus),
      scalar('mem', memMb),
      scalar('cpus', reservedCpus, reservedTo(ROLE)),
      scalar('cpus', otherRoleCpus, reservedTo('other')),
      scalar('cpus', lentCpus, { revocable: true }),
      scalar('disk', disk),
      scalar('gpus', gpus),
    ];
    if (ports !== null)
      resources.push({
        name: 'ports',
        type: 'ranges',
        ranges: [{ begin: ports.begin, end: ports.begin + ports.size - 1 }],
      });
    if (reservedPort)
      resources.push({ name: 'ports', type: 'ranges', ranges: [{ begin: 30000, end: 30000 }], ...reservedTo(ROLE) });
    return {
      offerId: 'o',
      agentId: 'a',
      hostname: 'h',
      attributes: [],
      allocationRole: ROLE,
      resources: resources.filter((r) => r.type !== 'scalar' || r.scalar > 0),
    };
  });

const requests: fc.Arbitrary<TaskRequest> = fc.record({
  cpus: amount(2),
  memMb: fc.integer({ min: 0, max: 1024 }),
  diskMb: fc.integer({ min: 0, max: 60 }),
  gpus: fc.constantFrom(0, 0, 0, 1),
  portCount: fc.integer({ min: 0, max: 3 }),
  requiredPorts: fc.oneof(
    { weight: 3, arbitrary: fc.constant([]) },
    { weight: 1, arbitrary: fc.uniqueArray(fc.integer({ min: 30999, max: 31012 }), { maxLength: 2 }) },
  ),
  useRevocable: fc.boolean(),
  acceptedResourceRoles: fc.constantFrom(undefined, ['*'], [ROLE], ['*', ROLE], ['other']),
});

/** What of `name` the task may take from `offer`: [regular, revocable] totals. */
function usable(offer: OfferView, request: TaskRequest, name: string): [number, number] {
  const accepted = (r: Resource) =>
    request.acceptedResourceRoles === undefined
      ? r.reservation === undefined || r.reservation.role === ROLE
      : request.acceptedResourceRoles.includes(r.reservation?.role ?? '*');
  const mine = offer.resources.filter((r) => r.name === name && accepted(r));
  const total = (list: Resource[]) =>
    list.reduce((sum, r) => sum + (r.type === 'scalar' ? r.scalar : r.type === 'ranges' ? rangesSize(r.ranges) : 0), 0);
  return [total(mine.filter((r) => r.revocable !== true)), total(mine.filter((r) => r.revocable === true))];
}

describe('matchOffer (property)', () => {
  it('takes exactly what was asked, from the offer only, one pool per kind; the rest remains', () => {
    let fits = 0;
    fc.assert(
      fc.property(offers, requests, (offer, request) => {
        const result = matchOffer(offer, request, { declineScarceResources: false });
        if (!result.fits) return;
        fits++;
        expect(containsResources(offer.resources, result.resources)).toBe(true);
        expect(equalResources(addResources(result.resources, result.remaining), offer.resources)).toBe(true);
        expect(scalarOf(result.resources, 'cpus')).toBe(request.cpus);
        expect(scalarOf(result.resources, 'mem')).toBe(request.memMb);
        expect(scalarOf(result.resources, 'disk')).toBe(request.diskMb);
        expect(scalarOf(result.resources, 'gpus')).toBe(request.gpus);
        const required = request.requiredPorts ?? [];
        expect(result.ports).toHaveLength(required.length + (request.portCount ?? 0));
        expect(new Set(result.ports).size).toBe(result.ports.length);
        for (const port of required) expect(result.ports).toContain(port);
        for (const name of ['cpus', 'mem', 'disk', 'gpus', 'ports']) {
          const kinds = new Set(result.resources.filter((r) => r.name === name).map((r) => r.revocable === true));
          expect(kinds.size).toBeLessThanOrEqual(1);
        }
        if (request.useRevocable !== true) expect(result.resources.some((r) => r.revocable === true)).toBe(false);
      }),
      { numRuns: 300 },
    );
    // Not vacuous: a fair share of the random pairs fit.
    expect(fits).toBeGreaterThan(15);
  });

  it('says a kind is insufficient exactly when neither pool the task may use holds enough', () => {
    fc.assert(
      fc.property(offers, requests, (offer, request) => {
        const result = matchOffer(offer, request, { declineScarceResources: false });
        const reasons = result.fits ? [] : result.rejections.map((r) => r.reason);
        const kinds: [string, number, string][] = [
          ['cpus', request.cpus, 'InsufficientCpus'],
          ['mem', request.memMb, 'InsufficientMemory'],
          ['disk', request.diskMb ?? 0, 'InsufficientDisk'],
          ['gpus', request.gpus ?? 0, 'InsufficientGpus'],
        ];
        for (const [name, wanted, reason] of kinds) {
          const [regular, lent] = usable(offer, request, name);
          const enough = wanted <= regular + 1e-9 || (request.useRevocable === true && wanted <= lent + 1e-9);
          expect(reasons.includes(reason as never), `${name}: wants ${wanted}, has ${regular} (+${lent})`).toBe(
            wanted > 0 && !enough,
          );
        }
      }),
    );
  });
});

describe('packOffer (property)', () => {
  it('never hands out more than the offer holds, nor a port twice', () => {
    fc.assert(
      fc.property(offers, fc.array(requests, { maxLength: 8 }), (offer, list) => {
        const result = packOffer(offer, list, { declineScarceResources: false });
        const handedOut = result.launches.reduce<Resource[]>((sum, l) => addResources(sum, l.resources), []);
        expect(equalResources(addResources(handedOut, result.remaining), offer.resources)).toBe(true);
        const ports = result.launches.flatMap((l) => l.ports);
        expect(new Set(ports).size).toBe(ports.length);
        expect(result.launches.length + result.rejected.length).toBe(list.length);
      }),
    );
  });

  it('packs as many copies of one request as packing the copies one by one does', () => {
    fc.assert(
      fc.property(offers, requests, fc.integer({ min: 0, max: 12 }), (offer, request, count) => {
        const options = { declineScarceResources: false };
        const copies = packCopies(offer, request, count, options);
        const oneByOne = packOffer(
          offer,
          Array.from({ length: count }, () => request),
          options,
        );
        expect(copies.launches).toEqual(oneByOne.launches);
        expect(copies.remaining).toEqual(oneByOne.remaining);
        expect(copies.rejected).toEqual(oneByOne.rejected.slice(0, 1));
      }),
    );
  });
});
