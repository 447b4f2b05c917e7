import { ValidateIf } from 'class-validator';

/**
 * For partial updates: a field may be left out, but when present it must pass its rules.
 * (@IsOptional would also let `null` through and turn `"down": null` into a setting.)
 */
export const IfPresent = (): PropertyDecorator => ValidateIf((_object, value) => value !== undefined);
