import { IsBoolean, IsInt, Max, Min, ValidateIf } from 'class-validator';
import { MockBankFaultSettings } from '@app/shared-types';

/** A field may be left out; when present it must pass its rules (null is not "left out"). */
const IfPresent = (): PropertyDecorator => ValidateIf((_object, value) => value !== undefined);

/** PUT /admin/faults: any subset of the switches. */
export class UpdateFaultsDto implements Partial<MockBankFaultSettings> {
  @IfPresent()
  @IsBoolean()
  acknowledgementsDown?: boolean;

  @IfPresent()
  @IsBoolean()
  webhooksDown?: boolean;

  @IfPresent()
  @IsInt()
  @Min(0)
  @Max(120000)
  latencyMs?: number;
}
