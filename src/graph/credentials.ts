import {
  ClientCertificateCredential,
  ClientSecretCredential,
  WorkloadIdentityCredential,
  type TokenCredential,
} from '@azure/identity';

/** The secret material of a TenantLink, already read from its Secret or projected token file. */
export type CredentialMaterial =
  | { kind: 'secret'; secret: string }
  | { kind: 'certificate'; pem: string }
  | { kind: 'workloadIdentity'; tokenFilePath: string };

/** Everything needed to sign in as an application in one tenant. */
export interface CredentialInput {
  tenantId: string;
  clientId: string;
  authorityHost: string;
  credential: CredentialMaterial;
}

/** Builds the @azure/identity credential for an app in a tenant from plain data. */
export function buildCredential(input: CredentialInput): TokenCredential {
  // Instance discovery asks login.microsoftonline.com about the authority, which fails for the
  // simulator and for sovereign clouds reached through explicit endpoints; the authority is given.
  const options = { authorityHost: input.authorityHost, disableInstanceDiscovery: true };
  const material = input.credential;
  switch (material.kind) {
    case 'secret':
      return new ClientSecretCredential(input.tenantId, input.clientId, material.secret, options);
    case 'certificate':
      return new ClientCertificateCredential(
        input.tenantId,
        input.clientId,
        { certificate: material.pem },
        options,
      );
    case 'workloadIdentity':
      return new WorkloadIdentityCredential({
        ...options,
        tenantId: input.tenantId,
        clientId: input.clientId,
        tokenFilePath: material.tokenFilePath,
      });
  }
}

/** The strings that must never appear in a message derived from this credential. */
export function secretsOf(material: CredentialMaterial): string[] {
  switch (material.kind) {
    case 'secret':
      return [material.secret];
    case 'certificate':
      return [material.pem];
    case 'workloadIdentity':
      return [];
  }
}
