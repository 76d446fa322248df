/**
 * The spawn helper (see `spawner.ts`): started by the agent with an IPC
 * channel, it spawns what it is asked to with a DirectSpawner and reports each
 * pid and each exit. It exits when the channel closes (the agent stopped or
 * died); the processes it started keep running and are reparented to init.
 */
import { DirectSpawner, type SpawnServerReply, type SpawnServerRequest } from './spawner.js';

const spawner = new DirectSpawner();

function reply(message: SpawnServerReply): void {
  if (process.connected) process.send?.(message);
}

process.on('message', (message: SpawnServerRequest) => {
  const { id, request } = message;
  spawner.spawn(request).then(
    ({ pid, exited }) => {
      reply({ id, pid });
      void exited.then((exit) => {
        if (!exit.lost) reply({ id, exit: { code: exit.code, signal: exit.signal } });
      });
    },
    (error: unknown) => reply({ id, error: error instanceof Error ? error.message : String(error) }),
  );
});

process.on('disconnect', () => process.exit(0));
