// The credentials of a TenantLink: the Secret it names (client secret or certificate) or the projected
// federated token of workload identity, each failure a reason a user can act on.
import type { V1Secret } from '@kubernetes/client-node';
import type { TenantLink } from '../../api/index.js';
import type { CredentialMaterial } from '../../graph/index.js';
import type { TenantConnectFailure } from './tenant-connection.js';

/** Whether `link` reads the Secret named `secretName` (in its own namespace). */
export function usesSecret(link: TenantLink, secretName: string): boolean {
  const credentials = link.spec.credentials;
  return credentials.clientSecretRef?.name === secretName || credentials.certificateRef?.name === secretName;
}

/** What the TenantLink signs in with, read from its Secret or the projected token. */
export function credentialMaterial(
  link: TenantLink,
  secretOf: (namespace: string, name: string) => V1Secret | undefined,
  federatedTokenFile: string | undefined,
): { ok: true; value: CredentialMaterial } | TenantConnectFailure {
  const credentials = link.spec.credentials;
  if (credentials.workloadIdentity) {
    const tokenFilePath = federatedTokenFile ?? process.env.AZURE_FEDERATED_TOKEN_FILE;
    if (!tokenFilePath) {
      return {
        ok: false,
        reason: 'CredentialsInvalid',
        message:
          'workloadIdentity is set but AZURE_FEDERATED_TOKEN_FILE is not: label the operator pod for Azure ' +
          'Workload Identity (azure.workload.identity/use: "true") so a federated token is projected',
      };
    }
    return { ok: true, value: { kind: 'workloadIdentity', tokenFilePath } };
  }
  const ref = credentials.clientSecretRef ?? credentials.certificateRef;
  if (!ref) {
    return {
      ok: false,
      reason: 'CredentialsInvalid',
      message: 'credentials name none of clientSecretRef, certificateRef or workloadIdentity',
    };
  }
  const namespace = link.metadata.namespace ?? '';
  const secret = secretOf(namespace, ref.name);
  if (!secret) {
    return {
      ok: false,
      reason: 'SecretNotFound',
      message: `Secret ${ref.name} does not exist in ${namespace}`,
    };
  }
  const encoded = secret.data?.[ref.key];
  const value = encoded === undefined ? '' : Buffer.from(encoded, 'base64').toString('utf8');
  if (value.trim() === '') {
    return {
      ok: false,
      reason: 'SecretKeyMissing',
      message: `Secret ${ref.name} has no value under key ${ref.key}`,
    };
  }
  return {
    ok: true,
    value: credentials.clientSecretRef
      ? { kind: 'secret', secret: value }
      : { kind: 'certificate', pem: value },
  };
}
