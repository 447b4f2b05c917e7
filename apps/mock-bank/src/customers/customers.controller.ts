import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { BankAccountView, BankMovementView, CustomerOverview, CustomerView } from '@app/shared-types';
import { CreateCustomerDto } from './create-customer.dto';
import { CustomersService } from './customers.service';

@Controller('customers')
export class CustomersController {
  constructor(private readonly customers: CustomersService) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  create(@Body() request: CreateCustomerDto): Promise<CustomerView> {
    return this.customers.create(request);
  }

  /** The bank balance and the core's wallet balances. */
  @Get(':customerId')
  overview(@Param('customerId') customerId: string): Promise<CustomerOverview> {
    return this.customers.overview(customerId);
  }

  /** The bank's own books only: no call to the core. */
  @Get(':customerId/bank-account')
  account(@Param('customerId') customerId: string): Promise<BankAccountView> {
    return this.customers.account(customerId);
  }

  @Get(':customerId/movements')
  movements(@Param('customerId') customerId: string): Promise<BankMovementView[]> {
    return this.customers.movements(customerId);
  }
}
