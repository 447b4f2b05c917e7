import { IsDefined, IsOptional, IsString, Length, Matches } from 'class-validator';
import { BANK_USER_ID_PATTERN, CreateCustomerRequest, MONEY_2DP_PATTERN } from '@app/shared-types';

/** POST /customers. The id becomes the customer's bankUserId at the core, so it follows the core's rule. */
export class CreateCustomerDto implements CreateCustomerRequest {
  @IsOptional()
  @Matches(BANK_USER_ID_PATTERN, { message: 'id must be 1-64 letters, digits or _ . : -' })
  id?: string;

  @IsDefined()
  @IsString()
  @Length(1, 200)
  name!: string;

  @IsDefined()
  @Matches(MONEY_2DP_PATTERN, { message: 'openingBalance must be a decimal string with at most 2 decimals, e.g. "500.00"' })
  openingBalance!: string;
}
