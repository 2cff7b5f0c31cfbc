import { canonicalPropertyName } from './attributes.js';

// Dynamic membership rules name some user properties by their older directory names; Graph returns them
// under other names (docs: identity/users/groups-dynamic-membership.md, "Supported properties").
const RULE_TO_GRAPH: Record<string, string[]> = {
  objectid: ['id'],
  dirsyncenabled: ['onPremisesSyncEnabled'],
  facsimiletelephonenumber: ['faxNumber'],
  mobile: ['mobilePhone'],
  physicaldeliveryofficename: ['officeLocation'],
  telephonenumber: ['businessPhones'],
};

const EXTENSION_ATTRIBUTE = /^extensionattribute([1-9]|1[0-5])$/i;

/**
 * Maps a rule property name (the part after `user.`) to its path in the Graph user resource:
 * `extensionAttribute1` -> `onPremisesExtensionAttributes.extensionAttribute1`, `mobile` -> `mobilePhone`.
 * Directory extensions (`extension_<appId>_<name>`) and other names keep their spelling, with known
 * Graph names re-cased (`mailNickName` -> `mailNickname`).
 */
export function graphPathOfRuleProperty(name: string): string[] {
  const alias = RULE_TO_GRAPH[name.toLowerCase()];
  if (alias) return alias;
  const extension = EXTENSION_ATTRIBUTE.exec(name);
  if (extension) return ['onPremisesExtensionAttributes', `extensionAttribute${extension[1]}`];
  return [canonicalPropertyName(name)];
}
