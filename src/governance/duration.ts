import { durationToMilliseconds } from '../api/index.js';

/** An ISO 8601 duration (`P7D`, `P1DT12H`, `PT90M`) for a resource duration (`7d`, `1d12h`, `90m`). */
export function isoDuration(value: string): string {
  let seconds = Math.round(durationToMilliseconds(value) / 1000);
  const days = Math.floor(seconds / 86_400);
  seconds -= days * 86_400;
  const hours = Math.floor(seconds / 3600);
  seconds -= hours * 3600;
  const minutes = Math.floor(seconds / 60);
  seconds -= minutes * 60;
  const time = `${hours ? `${hours}H` : ''}${minutes ? `${minutes}M` : ''}${seconds ? `${seconds}S` : ''}`;
  if (days === 0 && time === '') return 'PT0S';
  return `P${days ? `${days}D` : ''}${time ? `T${time}` : ''}`;
}
