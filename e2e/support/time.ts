/**
 * A fixed-offset zone where it is about noon now, so "since local midnight" covers the last hours
 * whenever the suite runs. (Etc/GMT-N is UTC+N: the sign is inverted in these names.)
 */
export function zoneNearNoon(): string {
  let offset = 12 - new Date().getUTCHours();
  if (offset > 14) offset -= 24;
  if (offset < -12) offset += 24;
  return offset === 0 ? "Etc/GMT" : `Etc/GMT${offset > 0 ? "-" : "+"}${Math.abs(offset)}`;
}
