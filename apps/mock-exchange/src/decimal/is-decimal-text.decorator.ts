import { ValidateBy, ValidationOptions } from 'class-validator';
import { describeDecimalRule, DecimalTextRule, isDecimalText } from './decimal-text';

/** A class-validator rule for decimals sent as strings (a JSON number fails it on purpose). */
export function IsDecimalText(rule: DecimalTextRule, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isDecimalText',
      constraints: [rule],
      validator: {
        validate: (value: unknown) => isDecimalText(value, rule),
        defaultMessage: (args) => `${args?.property ?? 'value'} must be ${describeDecimalRule(rule)}`,
      },
    },
    options,
  );
}
