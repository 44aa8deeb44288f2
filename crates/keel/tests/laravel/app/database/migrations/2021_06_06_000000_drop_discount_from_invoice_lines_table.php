<?php

use Illuminate\Database\Migrations\Migration;
use Illuminate\Database\Schema\Blueprint;
use Illuminate\Support\Facades\DB;
use Illuminate\Support\Facades\Schema;

return new class extends Migration
{
    public function up()
    {
        Schema::table('invoice_lines', function (Blueprint $table) {
            $table->dropColumn('discount');
        });
    }

    public function down()
    {
        Schema::table('invoice_lines', function (Blueprint $table) {
            $table->double('discount')->nullable();
        });
    }
};
