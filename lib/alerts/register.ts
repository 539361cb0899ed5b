import { onOccupancyChange } from "@/lib/occupancy/changes";
import { onCapacityChange } from "./capacity-alerts";

/** Imported once at server start: capacity alerts follow every occupancy change. */
onOccupancyChange(onCapacityChange);
