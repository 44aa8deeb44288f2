<?php

use Illuminate\Database\Migrations\Migration;
use Illuminate\Database\Schema\Blueprint;
use Illuminate\Support\Facades\Schema;

class DropTimestampsFromDevicesTable extends Migration
{
    public function up()
    {
        Schema::table('devices', function (Blueprint $table) {
            $table->dropTimestamps();
        });
    }

    public function down()
    {
        Schema::table('devices', function (Blueprint $table) {
            $table->timestamps();
        });
    }
}
