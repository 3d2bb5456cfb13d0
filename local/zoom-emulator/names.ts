/** Invented names for generated data; any resemblance is chance. */
export const FIRST_NAMES = [
  'Amara',
  'Bruno',
  'Chen',
  'Dalia',
  'Emeka',
  'Farah',
  'Gustav',
  'Hana',
  'Ivan',
  'Jorge',
  'Keiko',
  'Lena',
  'Mateo',
  'Nadia',
  'Omar',
  'Priya',
  'Quinn',
  'Rosa',
  'Sven',
  'Tariq',
] as const;

export const LAST_NAMES = [
  'Abara',
  'Berg',
  'Castillo',
  'Dubois',
  'Eriksen',
  'Fontaine',
  'Gupta',
  'Haddad',
  'Ito',
  'Kowalski',
  'Lindqvist',
  'Moreau',
  'Novak',
  'Okafor',
  'Petrov',
  'Rahman',
  'Silva',
  'Tanaka',
  'Vargas',
  'Weber',
] as const;

export const QUEUE_NAMES = [
  'Front Desk Queue',
  'Billing Queue',
  'Support Queue',
  'Sales Queue',
] as const;

export const RECEPTIONIST_NAMES = [
  'Main Line',
  'After Hours Line',
  'Reception',
] as const;

export const SERVICE_ENDPOINT_NAMES = [
  'Appointment Reminders',
  'Order Updates',
] as const;
