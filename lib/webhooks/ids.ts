import { randomToken } from "@/db/ids";

const alphabet = "0123456789abcdefghjkmnpqrstvwxyz";

export const newWebhookId = () => `whk_${randomToken(16)}`;
export const newSecret = () => `whsec_${randomToken(32)}`;

/**
 * Delivery ids start with the creation time (10 base-32 digits of epoch ms, in the alphabet's
 * sort order), so ordering by id lists deliveries newest first and keyset pages stay stable.
 */
export function newDeliveryId(now = Date.now()): string {
  let time = "";
  let n = now;
  for (let i = 0; i < 10; i++) {
    time = alphabet[n % 32] + time;
    n = Math.floor(n / 32);
  }
  return `dlv_${time}${randomToken(10)}`;
}
