import { z } from "zod";
import { Id, Instant } from "./common";

// Kept in step with lib/auth/auth.ts (better-auth's own limits on sign-in and password change).
const MIN_PASSWORD = 12;
const MAX_PASSWORD = 128;

export const Role = z
  .enum(["admin", "operator", "viewer"])
  .meta({ id: "Role", description: "admin: everything; operator: read + configure; viewer: read" });

const Email = z
  .email()
  .max(254)
  .transform((e) => e.trim().toLowerCase())
  .meta({ example: "ana@example.com" });
const Name = z.string().trim().min(1).max(200);
export const Password = z
  .string()
  .min(MIN_PASSWORD, `At least ${MIN_PASSWORD} characters`)
  .max(MAX_PASSWORD, `At most ${MAX_PASSWORD} characters`)
  .meta({ description: `${MIN_PASSWORD}–${MAX_PASSWORD} characters; never returned` });
const FacilityIds = z
  .array(Id)
  .max(1000)
  .meta({ description: "Facilities a non-admin may see (admins see every facility)" });

export const CreateUser = z
  .object({
    email: Email,
    name: Name,
    password: Password,
    role: Role,
    facility_ids: FacilityIds.default([]),
  })
  .strict()
  .meta({ id: "CreateUser" });

/** PUT changes the fields it names; `facility_ids` replaces the whole list. */
export const UpdateUser = z
  .object({ name: Name, role: Role, facility_ids: FacilityIds })
  .partial()
  .strict()
  .meta({ id: "UpdateUser" });

export const SetPassword = z.object({ password: Password }).strict().meta({ id: "SetPassword" });

export const User = z
  .object({
    id: Id,
    email: z.string(),
    name: z.string(),
    role: Role,
    facility_ids: z.array(Id),
    created_at: Instant,
    updated_at: Instant,
  })
  .meta({ id: "User" });

export const Session = z
  .object({
    id: Id,
    user_id: Id,
    created_at: Instant,
    expires_at: Instant,
    ip: z.string().nullable(),
    user_agent: z.string().nullable(),
  })
  .meta({ id: "Session", description: "A browser session (its token is never shown)" });

export const MySession = Session.extend({
  current: z.boolean().meta({ description: "The session this request was made with" }),
}).meta({ id: "MySession" });

export const Setup = z
  .object({ email: Email, name: Name, password: Password })
  .strict()
  .meta({ id: "Setup" });

export type CreateUserInput = z.infer<typeof CreateUser>;
export type UpdateUserInput = z.infer<typeof UpdateUser>;
export type SetupInput = z.infer<typeof Setup>;
export type UserDto = z.infer<typeof User>;
export type SessionDto = z.infer<typeof Session>;
export type MySessionDto = z.infer<typeof MySession>;
export type RoleName = z.infer<typeof Role>;
