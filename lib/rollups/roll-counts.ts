export interface RollupCounts {
  entities: number;
  quarters: number;
  hours: number;
  days: number;
  months: number;
}

export const noCounts = (): RollupCounts => ({
  entities: 0,
  quarters: 0,
  hours: 0,
  days: 0,
  months: 0,
});

export function addCounts(into: RollupCounts, more: RollupCounts): RollupCounts {
  into.entities += more.entities;
  into.quarters += more.quarters;
  into.hours += more.hours;
  into.days += more.days;
  into.months += more.months;
  return into;
}
