/** Which app paths a Marathon event concerns, and who may see it (`/v2/events`, gRPC StreamEvents). */
import { AppAccess, openServiceAuth } from '@tessera/framework/service';
import { beforeAll, describe, expect, it } from 'vitest';
import { canViewEvent, eventPaths } from '../src/access.js';
import type { MarathonEventJson } from '../src/events.js';
import { secureMarathonAuth } from './auth-fixtures.js';

const event = (eventType: string, fields: Record<string, unknown> = {}): MarathonEventJson => ({
  eventType,
  timestamp: 't',
  ...fields,
});
const plan = (affectedApps: string[]) => ({ plan: { id: 'd-1', affectedApps } });

// alice may view /team-a (and what is under it); ops everything (MARATHON_ACLS).
let alice: AppAccess;
let ops: AppAccess;
const open = new AppAccess(openServiceAuth('marathon'), { name: '', via: 'anonymous' });
beforeAll(async () => {
  const { auth } = await secureMarathonAuth();
  alice = new AppAccess(auth, { name: 'alice', via: 'token' });
  ops = new AppAccess(auth, { name: 'ops', via: 'token' });
});

describe('eventPaths and canViewEvent', () => {
  it.each([
    // [event, its paths, alice sees it, ops sees it]
    [event('status_update_event', { appId: '/team-a/web' }), ['/team-a/web'], true, true],
    [event('status_update_event', { appId: '/team-b/web' }), ['/team-b/web'], false, true],
    [event('instance_changed_event', { runSpecId: '/team-a/web' }), ['/team-a/web'], true, true],
    [event('app_terminated_event', { appId: '/team-b/db' }), ['/team-b/db'], false, true],
    // A deployment: every app it affects must be visible (dropped, not trimmed).
    [event('deployment_info', plan(['/team-a/web', '/team-a/db'])), ['/team-a/web', '/team-a/db'], true, true],
    [
      event('deployment_success', { id: 'd-1', ...plan(['/team-a/web', '/team-b/web']) }),
      ['/team-a/web', '/team-b/web'],
      false,
      true,
    ],
    // The root group, and events naming no app: only for who may view "/".
    [event('group_change_success', { groupId: '/' }), ['/'], false, true],
    [event('framework_message_event'), ['/'], false, true],
    [event('deployment_failed', { id: 'd-2', plan: { id: 'd-2', affectedApps: [] } }), ['/'], false, true],
    // The stream's own greeting is always sent.
    [event('event_stream_attached', { remoteAddress: '127.0.0.1' }), ['/'], true, true],
  ] as const)('%j', (marathonEvent, paths, aliceSees, opsSees) => {
    expect(eventPaths(marathonEvent)).toEqual(paths);
    expect(canViewEvent(alice, marathonEvent)).toBe(aliceSees);
    expect(canViewEvent(ops, marathonEvent)).toBe(opsSees);
    // Without ACLs everybody sees everything.
    expect(canViewEvent(open, marathonEvent)).toBe(true);
  });
});
