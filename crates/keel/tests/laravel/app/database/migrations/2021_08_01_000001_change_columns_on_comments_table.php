<?php

use Illuminate\Database\Migrations\Migration;
use Illuminate\Database\Schema\Blueprint;
use Illuminate\Support\Facades\Schema;

return new class extends Migration
{
    public function up()
    {
        Schema::table('comments', function (Blueprint $table) {
            $table->text('body')->nullable()->change();
            $table->boolean('edited')->default(true)->change();
        });
    }

    public function down()
    {
        Schema::table('comments', function (Blueprint $table) {
            $table->text('body')->nullable(false)->change();
            $table->boolean('edited')->default(false)->change();
        });
    }
};
