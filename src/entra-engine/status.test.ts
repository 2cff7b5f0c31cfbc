import type { SynchronizationJob } from '../graph/synchronization.js';
import { assignmentChanges, desiredSecrets, secretsVersion } from './configuration.js';
import { entraStatus, jobReadiness, synchronizedUsers } from './status.js';

function job(
  state: string,
  code: string,
  extra: Partial<SynchronizationJob['status']> = {},
): SynchronizationJob {
  return { id: 'j', templateId: 'Azure2Azure', schedule: { state }, status: { code, ...extra } };
}

describe('jobReadiness', () => {
  it.each([
    [job('Active', 'NotRun'), false, true, 'InitialCycle'],
    [job('Active', 'Active'), false, true, 'Synced'],
    [job('Paused', 'Paused'), true, false, 'Suspended'],
    [job('Paused', 'Paused'), false, false, 'JobNotRunning'],
    [
      job('Active', 'Quarantine', { quarantine: { reason: 'EncounteredEscrowProportionThreshold' } }),
      false,
      false,
      'Quarantined',
    ],
    [
      job('Active', 'Quarantine', { quarantine: { reason: 'TooManyDeletes' } }),
      false,
      false,
      'DeletionThresholdExceeded',
    ],
  ])('%o suspended=%s -> ready %s, %s', (j, suspended, ready, reason) => {
    expect(jobReadiness(j, suspended)).toMatchObject({ ready, reason });
  });

  it("carries Entra's quarantine reason and error", () => {
    const q = job('Active', 'Quarantine', {
      quarantine: { reason: 'EncounteredQuarantineException', error: { message: 'not allowed' } },
    });
    expect(jobReadiness(q, false).quarantine).toEqual({
      reason: 'EncounteredQuarantineException',
      message: 'not allowed',
    });
  });
});

describe('status.entra', () => {
  it('takes the last run, the synchronized users and the escrows from the job', () => {
    const j = job('Active', 'Active', {
      lastExecution: {
        state: 'Succeeded',
        timeBegan: 'b',
        timeEnded: 'e',
        countExported: 3,
        countEscrowed: 1,
      },
      lastSuccessfulExecution: { timeEnded: 'e' },
      synchronizedEntryCountByType: [{ key: 'User', value: 20 }],
    });
    expect(synchronizedUsers(j)).toBe(20);
    expect(entraStatus({ jobId: 'j', quarantine: { reason: 'old', message: 'old' } }, j)).toEqual({
      jobId: 'j',
      schedule: 'Active',
      code: 'Active',
      lastExecution: { state: 'Succeeded', began: 'b', ended: 'e', exported: 3 },
      lastSuccessfulRun: 'e',
      escrowed: 1,
    });
  });
});

describe('configuration', () => {
  it('changes the secrets digest only when a secret changes', () => {
    const a = secretsVersion(desiredSecrets('t', false));
    expect(secretsVersion(desiredSecrets('t', false))).toBe(a);
    expect(secretsVersion(desiredSecrets('t', true))).not.toBe(a);
    expect(secretsVersion(desiredSecrets('u', false))).not.toBe(a);
  });

  it('assigns the missing groups and unassigns the rest', () => {
    const current = [
      { id: 'a1', principalId: 'g1' },
      { id: 'a2', principalId: 'g2' },
    ];
    expect(assignmentChanges(current, ['g2', 'g3'])).toEqual({ add: ['g3'], remove: ['a1'] });
    expect(assignmentChanges(current, ['g1', 'g2'])).toEqual({ add: [], remove: [] });
  });
});
