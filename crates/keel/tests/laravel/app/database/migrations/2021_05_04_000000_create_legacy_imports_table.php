<?php

use Illuminate\Database\Migrations\Migration;
use Illuminate\Database\Schema\Blueprint;
use Illuminate\Support\Facades\DB;
use Illuminate\Support\Facades\Schema;

return new class extends Migration
{
    public function up()
    {
        if (Schema::hasTable('legacy_imports')) {
            return;
        }
        Schema::create('legacy_imports', function (Blueprint $table) {
            $table->increments('id');
            $table->string('source');
            $table->binary('raw')->nullable();
        });
    }

    public function down()
    {
        Schema::dropIfExists('legacy_imports');
    }
};
