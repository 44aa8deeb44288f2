DROP TABLE payment_methods;
