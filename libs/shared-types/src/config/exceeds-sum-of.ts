import { ValidateBy, ValidationArguments, ValidationOptions } from 'class-validator';

/**
 * A setting that must be greater than the sum of other settings of the same class (numbers
 * after conversion). The message names the settings and the rule, never their values.
 */
export function ExceedsSumOf(properties: readonly string[], options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'exceedsSumOf',
      constraints: [...properties],
      validator: {
        validate(value: unknown, args: ValidationArguments): boolean {
          const settings = args.object as Record<string, unknown>;
          const sum = properties.reduce((total, name) => total + Number(settings[name]), 0);
          return typeof value === 'number' && Number.isFinite(sum) && value > sum;
        },
        defaultMessage: (args?: ValidationArguments) => `${args?.property ?? 'the setting'} must be greater than ${properties.join(' + ')}`,
      },
    },
    options,
  );
}
