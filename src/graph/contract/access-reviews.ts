import { entry, AR } from './governance-entry.js';
import { READ_REVIEWS, WRITE_REVIEWS } from './permissions.js';
import type { ContractEntry } from './types.js';

/** Access reviews: schedule definitions, their instances and decisions. */
export const ACCESS_REVIEWS_CONTRACT: readonly ContractEntry[] = [
  entry('reviews.list', 'GET', AR, 'accessreviewset-list-definitions', READ_REVIEWS, {
    query: ['$top', '$skip'],
    checked: 'page',
    note: 'Paged with $top and $skip as the page directs; it promises no nextLink.',
  }),
  entry('reviews.get', 'GET', `${AR}/{id}`, 'accessreviewscheduledefinition-get', READ_REVIEWS, {
    checked: 'partial',
    note: 'The text answers the definition, the example wraps it in "value" and puts /v1.0 before its queries: both are read.',
  }),
  entry('reviews.create', 'POST', AR, 'accessreviewset-post-definitions', WRITE_REVIEWS, {
    body: 'accessReviewScheduleDefinition',
    checked: 'page',
    note: 'Graph answers with a rewritten scope query ($count=true) and applyActions [] for the default action.',
  }),
  entry('reviews.replace', 'PUT', `${AR}/{id}`, 'accessreviewscheduledefinition-update', WRITE_REVIEWS, {
    body: 'accessReviewScheduleDefinition',
    checked: 'page',
    note: 'The full object; reviewers change only when individual users review, else the operator recreates it.',
  }),
  entry('reviews.delete', 'DELETE', `${AR}/{id}`, 'accessreviewscheduledefinition-delete', WRITE_REVIEWS, {
    checked: 'page',
  }),
  entry(
    'reviews.instances',
    'GET',
    `${AR}/{id}/instances`,
    'accessreviewscheduledefinition-list-instances',
    READ_REVIEWS,
    {
      query: ['$top', '$skip'],
      checked: 'page',
      note: 'Paged with $top and $skip as the page directs; it promises no nextLink.',
    },
  ),
  entry(
    'reviews.decisions',
    'GET',
    `${AR}/{id}/instances/{instanceId}/decisions`,
    'accessreviewinstance-list-decisions',
    READ_REVIEWS,
    {
      query: ['$top', '$skip'],
      checked: 'page',
      note: 'Paged with $top and $skip as the page directs; it promises no nextLink.',
    },
  ),
];
