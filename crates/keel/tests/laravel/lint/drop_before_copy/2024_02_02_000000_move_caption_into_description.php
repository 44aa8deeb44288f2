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
            $table->dropColumn('caption');
        });

        DB::table('photos')
            ->whereNull('description')
            ->update(['description' => DB::raw('caption')]);
    }

    public function down()
    {
        Schema::table('photos', function (Blueprint $table) {
            $table->string('caption')->nullable();
        });
    }
};
