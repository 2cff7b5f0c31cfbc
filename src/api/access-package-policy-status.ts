import { Type } from '@sinclair/typebox';
import { Conditions, Count, GraphId, Obj, ObservedGeneration } from './common.js';

/** `AccessPackagePolicy.status`. */
export const AccessPackagePolicyStatusSchema = Obj(
  {
    observedGeneration: ObservedGeneration(),
    conditions: Conditions(),
    catalogId: Type.Optional(GraphId('Id of the catalog.')),
    accessPackageId: Type.Optional(GraphId('Id of the access package.')),
    policies: Type.Optional(
      Type.Array(
        Obj(
          {
            name: Type.String({ maxLength: 63, description: 'Name of the policy in spec.policies.' }),
            id: GraphId('Id of the assignment policy in Graph.'),
          },
          { description: 'One assignment policy.' },
        ),
        { maxItems: 20, description: 'Graph ids of the assignment policies.' },
      ),
    ),
    assignments: Type.Optional(
      Obj(
        {
          delivered: Count('Assignments delivered.'),
          delivering: Count('Assignments being delivered.'),
          partiallyDelivered: Count('Assignments partially delivered.'),
          expired: Count('Assignments expired.'),
          deliveryFailed: Count('Assignments whose delivery failed.'),
        },
        {
          description: 'Assignments of the package by state.',
        },
      ),
    ),
    pendingRequests: Type.Optional(Count('Requests waiting for approval.')),
  },
  { description: 'The access package as Graph reports it.' },
);
