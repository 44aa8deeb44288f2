<?php

use Illuminate\Database\Migrations\Migration;
use Illuminate\Database\Schema\Blueprint;
use Illuminate\Support\Facades\DB;
use Illuminate\Support\Facades\Schema;

return new class extends Migration
{
    public function up()
    {
        Schema::table('labels', fn (Blueprint $table) => $table->unsignedInteger('followers')->default(0));
    }

    public function down()
    {
        Schema::table('labels', function (Blueprint $table) {
            $table->dropColumn('followers');
        });
    }
};
