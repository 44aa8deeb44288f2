<?php

use Illuminate\Database\Migrations\Migration;
use Illuminate\Database\Schema\Blueprint;
use Illuminate\Support\Facades\Schema;

return new class extends Migration
{
    public function up()
    {
        Schema::table('labels', function (Blueprint $table) {
            $table->string('slug', 120)->nullable()->change();
            $table->bigInteger('usage_count')->default(1)->change();
        });
    }

    public function down()
    {
        Schema::table('labels', function (Blueprint $table) {
            $table->string('slug', 60)->nullable(false)->change();
            $table->unsignedInteger('usage_count')->default(0)->change();
        });
    }
};
