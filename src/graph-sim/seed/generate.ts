import type { UserSeed } from './seed-schema.js';

const GIVEN = [
  'Zoë',
  'Jürgen',
  'Åsa',
  'Liam',
  'Olivia',
  'Noah',
  'Emma',
  'Mateo',
  'Sofía',
  'Lukas',
  'Amélie',
  'Björn',
  'Chloé',
  'Dmitri',
  'Eva',
  'François',
  'Greta',
  'Håkon',
  'Inés',
  'Jonas',
  'Kenji',
  'Léa',
  'Miguel',
  'Nuno',
  'Oskar',
  'Priya',
  'Raphaël',
  'Siobhán',
  'Tomás',
  'Yara',
];
const FAMILY = [
  'Müller',
  'Nyström',
  'García',
  'Dubois',
  'Rossi',
  'Kowalski',
  'Øster',
  'Smith',
  'Johnson',
  'Andersson',
  'Fernández',
  'Lefèvre',
  'Novák',
  "O'Brien",
  'Silva',
  'Tanaka',
  'Weiß',
  'Yılmaz',
  'Zhang',
  'Ramírez',
];
const DEPARTMENTS = [
  'Sales',
  'Marketing',
  'Engineering',
  'Finance',
  'Human Resources',
  'Legal',
  'Operations',
  'Support',
];
const TITLES = [
  'Account Executive',
  'Marketing Specialist',
  'Software Engineer',
  'Financial Analyst',
  'HR Partner',
  'Counsel',
  'Operations Manager',
  'Support Engineer',
];
const CITIES = ['Seattle', 'Munich', 'Stockholm', 'Paris', 'Madrid', 'Dublin', 'Chicago', 'Austin'];

/** Generates `count` synthetic member users in `domain`; deterministic for a given `prefix`. */
export function generateUsers(count: number, domain: string, prefix = 'user'): UserSeed[] {
  const users: UserSeed[] = new Array<UserSeed>(count);
  for (let i = 0; i < count; i++) {
    const givenName = GIVEN[i % GIVEN.length] as string;
    const surname = FAMILY[Math.floor(i / GIVEN.length) % FAMILY.length] as string;
    const d = i % DEPARTMENTS.length;
    const alias = `${prefix}${i}`;
    users[i] = {
      userPrincipalName: `${alias}@${domain}`,
      displayName: `${givenName} ${surname}`,
      givenName,
      surname,
      mailNickname: alias,
      mail: `${alias}@${domain}`,
      accountEnabled: i % 50 !== 49,
      userType: 'Member',
      department: DEPARTMENTS[d],
      jobTitle: TITLES[d],
      city: CITIES[i % CITIES.length],
      employeeId: String(100000 + i),
      employeeHireDate: `20${String(10 + (i % 15)).padStart(2, '0')}-0${1 + (i % 9)}-15T00:00:00Z`,
    };
  }
  return users;
}
