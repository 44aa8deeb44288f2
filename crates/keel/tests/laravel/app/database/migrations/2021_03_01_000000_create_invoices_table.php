<?php

use Illuminate\Database\Migrations\Migration;
use Illuminate\Database\Schema\Blueprint;
use Illuminate\Support\Facades\DB;
use Illuminate\Support\Facades\Schema;

return new class extends Migration
{
    public function up()
    {
        Schema::create('invoices', function (Blueprint $table) {
            $table->id();
            $table->unsignedInteger('organisation_id');
            $table->decimal('amount', 12, 2);
            $table->decimal('tax', 12, 2)->default(0);
            $table->char('currency', 3)->default('EUR')->comment('ISO 4217 code');
            $table->enum('status', ['draft', 'sent', 'paid', 'void'])->default('draft');
            $table->date('due_on');
            $table->dateTime('paid_at')->nullable();
            $table->year('fiscal_year');
            $table->timestamps();
            $table->foreign('organisation_id')->references('id')->on('organisations');
        });
    }

    public function down()
    {
        Schema::dropIfExists('invoices');
    }
};
