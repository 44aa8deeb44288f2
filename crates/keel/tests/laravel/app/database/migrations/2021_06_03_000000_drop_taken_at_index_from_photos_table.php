<?php

use Illuminate\Database\Migrations\Migration;
use Illuminate\Database\Schema\Blueprint;
use Illuminate\Support\Facades\DB;
use Illuminate\Support\Facades\Schema;

return new class extends Migration
{
    public function up()
    {
        Schema::table('photos', function (Blueprint $table) {
            $table->dropIndex(['taken_at']);
        });
    }

    public function down()
    {
        Schema::table('photos', function (Blueprint $table) {
            $table->index('taken_at');
        });
    }
};
