import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ApiMockBankErrors,
  BankAccountView,
  BankAccountViewDto,
  BankMovementView,
  BankMovementViewDto,
  CreateCustomerRequestDto,
  CustomerOverview,
  CustomerOverviewDto,
  CustomerView,
  CustomerViewDto,
} from '@app/shared-types';
import { CreateCustomerDto } from './create-customer.dto';
import { CustomersService } from './customers.service';

@ApiTags('customers')
@Controller('customers')
export class CustomersController {
  constructor(private readonly customers: CustomersService) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Opens a customer with an AZN bank account' })
  @ApiBody({
    type: CreateCustomerRequestDto,
    examples: { demo: { summary: 'The README customer', value: { id: 'user_123', name: 'Demo', openingBalance: '500.00' } } },
  })
  @ApiCreatedResponse({ type: CustomerViewDto })
  @ApiMockBankErrors('INVALID_REQUEST', 'CUSTOMER_EXISTS')
  create(@Body() request: CreateCustomerDto): Promise<CustomerView> {
    return this.customers.create(request);
  }

  /** The bank balance and the core's wallet balances. */
  @Get(':customerId')
  @ApiOperation({ summary: "The bank account and, beside it, the wallet the core keeps (from the core's balances)" })
  @ApiOkResponse({ type: CustomerOverviewDto })
  @ApiMockBankErrors('CUSTOMER_NOT_FOUND', 'CORE_UNAVAILABLE')
  overview(@Param('customerId') customerId: string): Promise<CustomerOverview> {
    return this.customers.overview(customerId);
  }

  /** The bank's own books only: no call to the core. */
  @Get(':customerId/bank-account')
  @ApiOperation({ summary: "The AZN bank account (the bank's own books only)" })
  @ApiOkResponse({ type: BankAccountViewDto })
  @ApiMockBankErrors('CUSTOMER_NOT_FOUND')
  account(@Param('customerId') customerId: string): Promise<BankAccountView> {
    return this.customers.account(customerId);
  }

  @Get(':customerId/movements')
  @ApiOperation({ summary: "The bank account's statement: opening, each acknowledged deposit and withdrawal" })
  @ApiOkResponse({ type: [BankMovementViewDto] })
  @ApiMockBankErrors('CUSTOMER_NOT_FOUND')
  movements(@Param('customerId') customerId: string): Promise<BankMovementView[]> {
    return this.customers.movements(customerId);
  }
}
