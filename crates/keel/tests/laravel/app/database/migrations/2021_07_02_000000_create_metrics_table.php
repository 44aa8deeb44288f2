<?php

use Illuminate\Database\Migrations\Migration;
use Illuminate\Database\Schema\Blueprint;
use Illuminate\Support\Facades\DB;
use Illuminate\Support\Facades\Schema;

return new class extends Migration
{
    public function up()
    {
        Schema::create('metrics', function (Blueprint $table) {
            $table->id();
            $table->tinyInteger('level');
            $table->smallInteger('rank');
            $table->mediumInteger('points');
            $table->bigInteger('total');
            $table->integer('score')->default(-1);
            $table->tinyText('note')->nullable();
            $table->mediumText('body')->nullable();
            $table->time('starts_at');
            $table->timeTz('ends_at')->nullable();
            $table->dateTimeTz('seen_at')->nullable();
            $table->boolean('flag')->default(false);
            $table->decimal('ratio', 5, 4)->default(0.5);
            $table->timestamp('refreshed_at')->nullable()->useCurrent()->useCurrentOnUpdate();
            $table->timestamps(6);
        });
    }

    public function down()
    {
        Schema::dropIfExists('metrics');
    }
};
